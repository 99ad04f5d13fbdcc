//! Examples and end-to-end tests for the webhook workspace.
