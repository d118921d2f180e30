"""Reading a line from the person at the terminal, the one place that does.

When both standard input and output are a terminal, lines are read with prompt_toolkit
(imported only then): line editing, the arrow keys, a history of this sitting, and Tab
completion of the words the caller offers (the interview: its commands, question ids and
partner names, quoted when they hold a space). It works in an 80-column terminal and
under tmux. From a pipe, a script or a test, plain lines are read, as before.
"""
from __future__ import annotations

import os
import sys
from typing import Callable, Iterable

import click


def line_reader(words: Callable[[], Iterable[str]] | None = None, err: bool = False) -> Callable[[str], str]:
    """A function that shows a prompt and returns the line typed (without its newline);
    EOFError at the end of input (Ctrl-D), KeyboardInterrupt on Ctrl-C. ``err``: the
    prompt goes to standard error (when standard output carries JSON)."""
    if not err and sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb":
        try:
            return _prompt_toolkit_reader(words)
        except ImportError:  # an install without it reads plain lines
            pass

    def ask(prompt: str) -> str:
        click.echo(prompt, nl=False, err=err)
        line = sys.stdin.readline()
        if not line:
            click.echo("", err=err)
            raise EOFError
        return line.rstrip("\n")
    return ask


def _prompt_toolkit_reader(words: Callable[[], Iterable[str]] | None) -> Callable[[str], str]:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer, Completion

    class Words(Completer):
        """Completes the word being typed from ``words()`` (case-insensitive; a partner
        name may be begun without its opening quote)."""

        def get_completions(self, document, complete_event):
            typed = document.get_word_before_cursor(WORD=True)
            if not typed:
                return
            bare = typed.lstrip('"').casefold()
            for word in words():
                if word.casefold().startswith(typed.casefold()) or word.lstrip('"').casefold().startswith(bare):
                    yield Completion(word, start_position=-len(typed))

    # Tab completes; nothing pops up while typing (it would cover the screen being read)
    session = PromptSession(completer=Words() if words else None, complete_while_typing=False)

    def ask(prompt: str) -> str:
        return session.prompt(prompt)
    return ask
