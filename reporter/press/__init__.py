"""Print masters: the press's colour (profile.py), the page geometry of trim, bleed and marks (sheet.py), and the
preflight every PDF gets (preflight.py)."""
