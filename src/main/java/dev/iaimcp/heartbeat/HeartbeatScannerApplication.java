package dev.iaimcp.heartbeat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class HeartbeatScannerApplication {

	public static void main(String[] args) {
		SpringApplication.run(HeartbeatScannerApplication.class, args);
	}

}
