package dev.kindred.events;

import java.util.List;
import java.util.Map;

/** A catalogue item was created or replaced (the whole item, not a diff). */
public record ItemUpserted(String itemId, String title, String description, List<String> categories,
    List<String> tags, Map<String, Object> attributes, boolean available, String imageUrl)
    implements KindredEvent {}
