"""The generator behind `scripts/bench import` writes an export the importer takes whole
(timings are for the benchmark, never for the tests)."""

from scripts.make_big_export import write_export


def test_a_small_generated_export_imports(runner, author, tmp_path):
    path = tmp_path / "big.xml"
    write_export(str(path), posts=50, comments=300)

    result = runner.invoke(args=["import", "wordpress", str(path)])

    assert result.exit_code == 0, result.output
    assert "Imported 50 posts" in result.output and "1 page" in result.output
    imported = int(result.output.split(" comments and")[0].rsplit(" ", 1)[-1])
    skipped = sum(int(line.split()[1].rstrip(":")) for line in result.output.splitlines()
                  if line.startswith("Skipped") and ("comment" in line or "pingback" in line))
    assert imported + skipped == 300
    again = runner.invoke(args=["import", "wordpress", str(path)])
    assert "Imported 0 posts" in again.output
