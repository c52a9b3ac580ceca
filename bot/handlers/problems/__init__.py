"""Problems in Telegram: posting a problem and setting it up (`posting`), its solutions
(`solutions`), the map (`map`), the weekly digest's section (`digest`), and the card they
share (`cards`)."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.buttons import handles
from bot.handlers.commands import command
from bot.handlers.problems import digest  # noqa: F401  (registers the digest section)
from bot.handlers.problems.cards import (
    ACTION_PLAN,
    CARD_BACK,
    CATEGORY,
    LEVEL,
    ME_TOO,
    PRIVATE_ANONYMITY,
    PRIVATE_COMMUNITY,
    PROPOSE,
    RETRY,
    SOLVE_OPTIONS,
    SOLVED_WITH,
    SUBJECT,
    WHO_POSTED,
)
from bot.handlers.problems.map import MAP_PAGE, map_command, map_page_pressed
from bot.handlers.problems.posting import (
    action_plan_pressed,
    card_back_pressed,
    category_pressed,
    level_pressed,
    me_too_pressed,
    private_anonymity_pressed,
    private_community_pressed,
    problem_command,
    retry_pressed,
    subject_pressed,
    who_posted_pressed,
)
from bot.handlers.problems.solutions import (
    OUTCOME,
    SOLUTION_BACK,
    TRIED,
    USEFUL,
    outcome_pressed,
    propose_pressed,
    reply_to_card,
    solution_back_pressed,
    solve_options_pressed,
    solved_with_pressed,
    tried_pressed,
    useful_pressed,
)
from bot.handlers.replies import REPLY_TARGETS


def register(application: Application) -> None:
    application.add_handler(command("masalah", "problem", problem_command, where="both"))
    application.add_handler(command("peta", "map", map_command))
    application.add_handlers([
        handles(PRIVATE_COMMUNITY, private_community_pressed, where="private"),
        handles(PRIVATE_ANONYMITY, private_anonymity_pressed, where="private"),
        handles(RETRY, retry_pressed, where="private"),
        handles(CATEGORY, category_pressed),
        handles(LEVEL, level_pressed),
        handles(SUBJECT, subject_pressed),
        handles(ME_TOO, me_too_pressed, where="group"),
        handles(PROPOSE, propose_pressed, where="group"),
        handles(SOLVE_OPTIONS, solve_options_pressed, where="group"),
        handles(SOLVED_WITH, solved_with_pressed, where="group"),
        handles(CARD_BACK, card_back_pressed, where="group"),
        handles(WHO_POSTED, who_posted_pressed, where="group"),
        handles(ACTION_PLAN, action_plan_pressed, where="group"),
        handles(USEFUL, useful_pressed, where="group"),
        handles(TRIED, tried_pressed, where="group"),
        handles(SOLUTION_BACK, solution_back_pressed, where="group"),
        handles(OUTCOME, outcome_pressed, where="group"),
        handles(MAP_PAGE, map_page_pressed, where="group"),
    ])
    REPLY_TARGETS.append(reply_to_card)
