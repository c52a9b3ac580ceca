"""The rate limiter on a simulated clock: Telegram's three limits, and 429 pauses."""

from __future__ import annotations

import asyncio

from telegram.error import ChatMigrated, RetryAfter

from bot.ratelimit import KombelRateLimiter, SendPacing, SimulatedTimer


def _limiter() -> tuple[KombelRateLimiter, SimulatedTimer]:
    timer = SimulatedTimer()
    return KombelRateLimiter(timer=timer), timer


async def _send_times(limiter: KombelRateLimiter, timer: SimulatedTimer, chats: list[int]) -> list[float]:
    times: list[float] = []

    async def callback() -> bool:
        times.append(timer.now())
        return True

    await asyncio.gather(*(limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": chat}, None)
                           for chat in chats))
    return sorted(times)


def _most_in_window(times: list[float], window: float) -> int:
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


async def test_a_crowded_group_does_not_hold_the_other_chats_back() -> None:
    limiter, timer = _limiter()
    times: dict[int, list[float]] = {}

    async def send(chat: int) -> None:
        async def callback() -> bool:
            times.setdefault(chat, []).append(timer.now())
            return True
        await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": chat}, None)

    # 30 for one group first (10 must wait a minute), then one each for 40 others.
    await asyncio.gather(*(send(-7) for _ in range(30)), *(send(-1000 - n) for n in range(40)))
    others = [t for chat, ts in times.items() if chat != -7 for t in ts]
    assert max(others) < 3  # 60 messages at 25/s, not behind the crowded group's minute
    assert sorted(times[-7])[20] >= 60


async def test_reading_a_chat_takes_no_place_in_its_window() -> None:
    limiter, timer = _limiter()

    async def callback() -> bool:
        return True

    for _ in range(30):
        await limiter.process_request(callback, (), {}, "getChatAdministrators", {"chat_id": -3}, None)
    times = await _send_times(limiter, timer, [-3] * 20)
    assert times[-1] < 1


async def test_overall_rate_is_25_a_second_after_a_burst() -> None:
    limiter, timer = _limiter()
    times = await _send_times(limiter, timer, [-1000 - n for n in range(500)])
    assert 18.9 <= times[-1] <= 20.5  # a burst of 25, then 475 at 25/s
    assert _most_in_window(times, 0.999) <= 25  # in any second, the first included (a hair under
    #                                             1 s: float steps)


async def test_one_private_chat_gets_one_message_a_second() -> None:
    limiter, timer = _limiter()
    times = await _send_times(limiter, timer, [42] * 5)
    # A second apart, and a quarter more: Telegram counts arrivals, and a request can arrive late.
    assert [round(b - a, 2) for a, b in zip(times, times[1:])] == [1.25] * 4


async def test_one_group_gets_twenty_a_minute_in_steady_state() -> None:
    limiter, timer = _limiter()
    times = await _send_times(limiter, timer, [-500] * 60)
    assert _most_in_window(times, 60.0) <= 20  # bursts included: a sliding window
    assert times[-1] >= 120


async def test_a_429_holds_everyone_back_and_is_retried() -> None:
    limiter, timer = _limiter()
    answers = iter([RetryAfter(7), True])

    async def callback() -> bool:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": -1}, None) is True
    assert timer.now() >= 7
    later = await _send_times(limiter, timer, [-2])
    assert later[0] >= 7


async def test_the_dispatcher_gets_the_429_itself_when_it_asks_for_no_retries() -> None:
    limiter, timer = _limiter()

    async def callback() -> bool:
        raise RetryAfter(3)

    try:
        await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": -1}, SendPacing(max_retries=0))
    except RetryAfter:
        pass
    else:
        raise AssertionError("the 429 was swallowed")
    assert timer.now() == 0


async def test_a_429_on_a_request_without_a_chat_waits_before_its_retry() -> None:
    limiter, timer = _limiter()
    tried_at: list[float] = []

    async def callback() -> bool:
        tried_at.append(timer.now())
        if len(tried_at) == 1:
            raise RetryAfter(4)
        return True

    assert await limiter.process_request(callback, (), {}, "answerCallbackQuery", {"text": "ok"}, None)
    assert tried_at[0] == 0 and tried_at[1] >= 4


async def test_a_reply_into_a_migrated_group_moves_the_community_and_goes_to_the_supergroup_once() -> None:
    moves: list[tuple[int, int]] = []

    async def moved(old: int, new: int) -> None:
        moves.append((old, new))

    limiter = KombelRateLimiter(timer=SimulatedTimer(), on_chat_moved=moved)
    data = {"chat_id": -100, "text": "Halo"}
    sent_to: list[int] = []

    async def callback(_endpoint: str, payload: dict) -> bool:
        sent_to.append(payload["chat_id"])
        if payload["chat_id"] == -100:
            raise ChatMigrated(-1009)
        return True

    assert await limiter.process_request(callback, ("sendMessage", data), {}, "sendMessage", data, None)
    assert moves == [(-100, -1009)] and sent_to == [-100, -1009]

    async def always_migrated(_endpoint: str, payload: dict) -> bool:
        raise ChatMigrated(-1010)

    for pacing in (None, SendPacing(max_retries=0)):  # retried once at most; the dispatcher never
        data = {"chat_id": -200}
        try:
            await limiter.process_request(always_migrated, ("sendMessage", data), {}, "sendMessage", data, pacing)
        except ChatMigrated:
            pass
        else:
            raise AssertionError("the second ChatMigrated was swallowed")
    assert moves == [(-100, -1009), (-200, -1010)]
