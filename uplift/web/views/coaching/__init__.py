"""Pages for coaching sessions, the role-play scenario library, role plays and progression."""
