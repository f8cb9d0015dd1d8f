package com.shanfu.tms.contract;

/** What an operator does to a device's lifecycle; {@link #path()} is the API's action. */
public enum DeviceChange {
    SUSPEND(DeviceStatus.SUSPENDED),
    RESUME(DeviceStatus.ACTIVE),
    RETIRE(DeviceStatus.RETIRED);

    private final DeviceStatus target;

    DeviceChange(DeviceStatus target) {
        this.target = target;
    }

    public DeviceStatus target() {
        return target;
    }

    public String path() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static DeviceChange ofPath(String path) {
        return valueOf(path.toUpperCase(java.util.Locale.ROOT));
    }
}
