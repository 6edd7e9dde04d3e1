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
 * Puts {@link LoopbackGuardFilter} in front of everything else, so that a request from a
 * foreign page is turned away before anything reads it, then {@link RequestBodyFilter},
 * so that no other filter reads a body first.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(HttpLimits.class)
class HttpLimitsConfiguration {

	@Bean
	FilterRegistrationBean<LoopbackGuardFilter> loopbackGuardFilter() {
		FilterRegistrationBean<LoopbackGuardFilter> registration = new FilterRegistrationBean<>(
				new LoopbackGuardFilter(new RefusalLog(System::nanoTime)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(HttpLimits limits) {
		RequestBodyFilter filter = new RequestBodyFilter((int) limits.maxRequestBody().toBytes(),
				limits.requestBodyTimeout());
		FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		// The request it hands on arrives by an ASYNC dispatch, which it must let
		// through.
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
		registration.setAsyncSupported(true);
		return registration;
	}

}
