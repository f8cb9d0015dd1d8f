/**
 * The contract between the TMS and its clients (the portal, operators' tools, the terminal's task agent): every
 * request and answer of the TMS's HTTP API as a record, and every status, kind and scope as an enum. The TMS's
 * controllers and the portal's client both compile against these types, so a field renamed on one side fails the
 * build of the other. Nothing here depends on Spring or on the TMS's entities.
 */
package com.shanfu.tms.contract;
