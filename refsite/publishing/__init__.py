"""The content pipeline: parse -> validate -> render + sanitize -> store (-> index, through
the `content_stored` signal). One module per step, imports in one direction."""
