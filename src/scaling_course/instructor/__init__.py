"""Instructors' tools: `exercises` generates the learners' notebooks from the masters, `grade` grades a
folder of submissions (`python -m scaling_course.grade`, `make grade`), and `nbgrader_export` writes the
masters with nbgrader metadata (`make nbgrader`)."""
