"""The content pipeline: parse -> validate -> render + sanitize -> store.

Each step is one module and imports only from the steps before it, so the editors'
check (`check_content`: parse + validate) and the loader (`load_content`: all of it)
share one implementation. Nothing here handles requests.
"""
