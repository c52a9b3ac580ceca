"""The problems section of the weekly digest."""

from __future__ import annotations

from bot.domain.community import Community
from bot.handlers.problems.cards import snippet
from bot.handlers.outgoing import renders_section
from bot.i18n import Texts, format_datetime
from bot.services.problems.digest import ProblemsDigest

@renders_section("problems")
def digest_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, ProblemsDigest)
    lines: list[str] = [_("problems.digest_title")]
    if data.new:
        lines.append(_.n("problems.digest_new", data.new_total))
        for item in data.new:
            lines.append(_("problems.digest_new_line", number=item.problem.number, text=snippet(item.problem.text, 60),
                           author=item.author or _("problems.anonymous")))
        if data.new_total > len(data.new):
            lines.append(_("problems.digest_more", count=data.new_total - len(data.new)))
    if data.most_shared:
        lines.append(_("problems.digest_shared"))
        for p in data.most_shared:
            lines.append(_("problems.digest_shared_line", number=p.number, text=snippet(p.text, 60),
                           me_too=p.me_too_count))
    if data.solved:
        lines.append(_("problems.digest_solved"))
        for solved in data.solved:
            if solved.solution_text:
                lines.append(_("problems.digest_solved_line", number=solved.problem.number,
                               text=snippet(solved.problem.text, 50), solution=snippet(solved.solution_text, 80),
                               author=solved.solution_author or "?"))
            else:
                lines.append(_("problems.digest_solved_plain", number=solved.problem.number,
                               text=snippet(solved.problem.text, 50)))
    if data.trials:
        lines.append(_("problems.digest_trials"))
        for t in data.trials:
            lines.append(_("problems.digest_trial_line", problem=t.problem_number, number=t.solution_number,
                           text=snippet(t.solution_text, 60), worked=t.counts.worked, partly=t.counts.partly,
                           not_yet=t.counts.did_not_work))
    if data.actions_due:
        lines.append(_("problems.digest_actions"))
        for a in data.actions_due:
            lines.append(_("problems.digest_action_line", text=snippet(a.text, 60), owner=a.owner,
                           due=format_datetime(a.due_at, community.timezone, _.language, short=True)))
        if data.actions_total > len(data.actions_due):
            lines.append(_("problems.digest_more", count=data.actions_total - len(data.actions_due)))
    return lines
