"""Following a document, a clause or an amendment, and being told of what happens to it."""
