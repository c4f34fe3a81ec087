"""Web push (RFC 8030, 8291, 8292): readers who asked for alerts get a notification with
the headline when the desk sends a story out as breaking or top news."""
