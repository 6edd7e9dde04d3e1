package dev.iaimcp.heartbeat.settings;

import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.origin.Origin;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Bad settings on one line, for the commands: the same field errors that Spring Boot's
 * start-up report lists (property, value, origin, reason), each in a few words.
 */
public final class SettingsErrors {

	private SettingsErrors() {
	}

	/**
	 * Describes why the configuration could not be used.
	 * @param failure what binding or starting threw
	 * @return every bad value with its origin and the rule it breaks, or the most
	 * specific cause's message when no rule was broken
	 */
	public static String describe(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindValidationException invalid) {
				return invalid.getValidationErrors()
					.getAllErrors()
					.stream()
					.map((error) -> describe(invalid.getValidationErrors().getName().toString(), error))
					.collect(Collectors.joining("; "));
			}
		}
		return NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
	}

	private static String describe(String prefix, ObjectError error) {
		if (!(error instanceof FieldError field)) {
			return error.getDefaultMessage();
		}
		Origin origin = Origin.from(error);
		return prefix + "." + DataObjectPropertyName.toDashedForm(field.getField()) + "=" + field.getRejectedValue()
				+ ((origin != null) ? " (" + origin + ")" : "") + ": " + field.getDefaultMessage();
	}

}
