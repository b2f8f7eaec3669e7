"""The knowledge base: articles with revisions and audiences, and their search index."""
