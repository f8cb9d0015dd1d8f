package com.shanfu.tms.device;

import org.springframework.data.jpa.repository.JpaRepository;

interface DeviceEventRepository extends JpaRepository<DeviceEvent, Long> {

    long countByDeviceId(Long deviceId);
}
