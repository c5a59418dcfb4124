"""What a grading run writes: the instructor's CSV, a gradebook CSV for Canvas and Moodle, one Markdown
feedback file per student, the skipped files, and the terminal summary."""
import csv
import re

from .exercises import REFLECTIONS

STATUSES = ("passed", "failed", "not attempted", "error")
TO_READ = "reflections to read"


def rows(results, exercises, reflections=REFLECTIONS):
    """CSV rows: one per student, each exercise's status, points, message and cell, then the words written in each
    reflection answer and how many are to read (not scored), flags and the total (automatic points only)."""
    table = []
    for person, result in sorted(results, key=lambda item: item[0]["student"].lower()):
        row, total = {"student": person["student"], "submission": person["submission"],
                      "isolation": result.get("isolation", "")}, 0
        flags = []
        for name, points in exercises:
            verdict = result["verdicts"].get(name, {"status": "error", "message": "no result.", "cell": None})
            earned = points if verdict["status"] == "passed" else 0
            row.update({f"{name} status": verdict["status"], f"{name} points": earned,
                        f"{name} message": verdict["message"],
                        f"{name} cell": "" if verdict.get("cell") is None else verdict["cell"]})
            if verdict.get("flags"):
                flags.append(f"{name}: {verdict['flags']}")
            total += earned
        words = result.get("reflections") or {}
        row.update({f"reflection {number} words": words.get(number, 0) for number in reflections})
        row[TO_READ] = sum(words.get(number, 0) > 0 for number in reflections)
        row.update({"flags": "; ".join(flags), "events": "; ".join(result.get("events", [])), "total": total,
                    "out of": sum(points for _, points in exercises)})
        table.append((person, row))
    return table


def write_csv(path, table):
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0][1]))
        writer.writeheader()
        writer.writerows(row for _, row in table)


def write_gradebook(path, table, chapter):
    """Columns both LMSs import: Canvas matches `ID` (or `SIS Login ID`), Moodle `Email address` or `ID number`."""
    column = f"Chapter {chapter} exercises"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS Login ID", "Email address", "ID number", column, "Points possible"])
        for person, row in table:
            writer.writerow([person["student"], person.get("id", ""), person.get("email", ""),
                             person.get("email", ""), person.get("id", ""), row["total"], row["out of"]])


def feedback(person, row, exercises, chapter):
    """One student's Markdown feedback: a line per exercise with status, points, the message and the cell."""
    lines = [f"# Chapter {chapter} exercises: {person['student']}", "",
             f"**{row['total']} of {row['out of']} points** (`{person['submission']}`)", "",
             "| exercise | status | points | what the checks say |", "|---|---|---|---|"]
    for name, points in exercises:
        cell = row[f"{name} cell"]
        where = f" (cell {cell})" if cell != "" and row[f"{name} status"] != "passed" else ""
        message = row[f"{name} message"].replace("|", "\\|") + where
        lines.append(f"| `{name}` | {row[f'{name} status']} | {row[f'{name} points']} / {points} | {message} |")
    written = [row[key] for key in row if re.fullmatch(r"reflection \d+ words", key)]
    if written:
        lines += ["", f"**Reflections:** you wrote {row[TO_READ]} of {len(written)} answers "
                      f"({', '.join(f'{n} words' for n in written)}). Your teacher reads them; they are not in the "
                      f"points above."]
    if row["events"]:
        lines += ["", f"While your notebook ran: {row['events']}."]
    return "\n".join(lines) + "\n"


def write_feedback(folder, table, exercises, chapter):
    folder.mkdir(parents=True, exist_ok=True)
    for person, row in table:
        name = re.sub(r"[^\w .()-]", "_", person["student"]).strip() or "student"
        (folder / f"{name}.md").write_text(feedback(person, row, exercises, chapter))


def summary(table, exercises):
    """A short terminal table: how many students reached each status on each exercise, and the mean total."""
    width = max(len(name) for name, _ in exercises) + 9
    lines = [f"{'exercise':{width}} " + " ".join(f"{s:>13}" for s in STATUSES)]
    for name, points in exercises:
        counts = [sum(row[f"{name} status"] == s for _, row in table) for s in STATUSES]
        lines.append(f"{name + f' ({points} pt)':{width}} " + " ".join(f"{c:>13}" for c in counts))
    if table:
        mean = sum(row["total"] for _, row in table) / len(table)
        lines.append(f"mean total {mean:.1f} of {table[0][1]['out of']} over {len(table)} submissions")
        to_read = sum(row.get(TO_READ, 0) for _, row in table)
        lines.append(f"reflections to read (not in the total): {to_read} answers from "
                     f"{sum(row.get(TO_READ, 0) > 0 for _, row in table)} submissions")
    return "\n".join(lines)
