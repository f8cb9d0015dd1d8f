package com.shanfu.portal.admin;

import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.tms.contract.BooksRun;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** The TMS's books check as admins see it: its latest runs, and a run now, recorded with the admin who asked. */
@Service
public class Books {

    private final TmsClient tms;

    Books(TmsClient tms) {
        this.tms = tms;
    }

    @PreAuthorize("hasRole('admin')")
    public List<BooksRun> latest(int limit) {
        return tms.booksRuns(limit);
    }

    @PreAuthorize("hasRole('admin')")
    public void runNow(CurrentUser admin) {
        tms.runBooksCheck(admin.username());
    }
}
