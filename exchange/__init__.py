"""The detainee registry web application: `create_app` builds it."""
