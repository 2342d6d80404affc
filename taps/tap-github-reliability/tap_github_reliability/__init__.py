"""Singer tap for GitHub engineering-standards and delivery data."""
