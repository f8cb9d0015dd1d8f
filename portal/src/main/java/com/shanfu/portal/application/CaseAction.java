package com.shanfu.portal.application;

/** What staff can do on a case; {@link Application#allowedActions()} says which apply in the application's state. */
public enum CaseAction {
    TAKE_CASE,
    REVEAL,
    APPROVE,
    REQUEST_INFO,
    REJECT,
    BLOCKLIST,
    SHIP,
    DELIVER,
    REPLACE_DEVICE,
    REISSUE_CODE
}
