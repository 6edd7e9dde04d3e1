package dev.iaimcp.heartbeat.http;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link RequestBodyFilter} in front of everything else, so that no other filter
 * reads a body first.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(HttpLimits.class)
class HttpLimitsConfiguration {

	@Bean
	FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(HttpLimits limits) {
		RequestBodyFilter filter = new RequestBodyFilter((int) limits.maxRequestBody().toBytes(),
				limits.requestBodyTimeout());
		FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		// The request it hands on arrives by an ASYNC dispatch, which it must let
		// through.
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
		registration.setAsyncSupported(true);
		return registration;
	}

}
