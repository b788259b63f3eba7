package dev.kindred.events;

import java.util.Map;

/** A tenant's settings were replaced by this complete document (after a merge patch). */
public record TenantSettingsChanged(Map<String, Object> settings) implements KindredEvent {}
