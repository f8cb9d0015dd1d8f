package com.shanfu.tms.contract;

import java.util.List;

/**
 * One page of a longer list: the items, the page number from 0, its size and how many there are in all ({@code -1}
 * when a page read after a cursor is not counted), and where the next page starts ({@code next}, for lists read page
 * after page by cursor; null when this is the last page or the list has no cursor).
 */
public record Page<T>(List<T> items, int page, int size, long total, String next) {

    public Page(List<T> items, int page, int size, long total) {
        this(items, page, size, total, null);
    }
}
