"""The grader moved to `scaling_course.instructor.grade`; this small module keeps
`python -m scaling_course.grade` (the README's and `make grade`'s command) and `scaling_course.grade.X` working."""
from .instructor import grade as _grader
from .instructor.grade import main


def __getattr__(name):
    return getattr(_grader, name)


if __name__ == "__main__":
    main()
