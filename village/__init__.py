"""The composition root: the app factory, the command line, the demo seed, the embedded servers and
the PWA's static serving. It wires api/, schema/ and workers/ together; nothing in them imports it."""
