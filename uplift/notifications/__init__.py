"""In-app notifications, and the e-mails they become by each person's preferences
(docs/notifications.md)."""
