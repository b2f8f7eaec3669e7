"""Users, roles and teams; local passwords now, single sign-on beside them later."""
