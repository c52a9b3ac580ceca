"""/sumber: the community's learning resources. A community starts with the national
platforms; members add links (http/https only), facilitators remove them."""

from __future__ import annotations

from bot.domain.activity import RESOURCE_ADDED
from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.member import Actor
from bot.domain.practices import DEFAULT_RESOURCES, RETIRED_DEFAULT_KEYS, Resource, host_of, parse_resource
from bot.domain.search import SearchDocument
from bot.services import search
from bot.services.lookup import active_community
from bot.services.members import require_facilitator
from bot.services.ports import UnitOfWork

KIND = "resource"


def document(resource: Resource, keywords: str = "") -> SearchDocument:
    title = resource.title or host_of(resource.url)
    body = " ".join(part for part in (resource.description, host_of(resource.url), keywords) if part)
    return SearchDocument(resource.community_id, KIND, resource.id, title, body)


async def _seed(uow: UnitOfWork, clock: Clock, community: Community) -> None:
    """Keep the national resources current: add each one the community never had (one a
    facilitator removed stays removed) and retire the platforms the ministry has replaced."""
    assert community.id is not None
    listed = await uow.resources.default_keys(community.id)  # removed ones too
    for default in DEFAULT_RESOURCES:
        if default.key in listed:
            continue
        added = await uow.resources.add(Resource(0, community.id, default.url, None, default.title, default.key),
                                        None, clock.now())
        if added is not None:
            await search.index(uow, clock.now(), document(added, default.keywords))
    for resource in await uow.resources.active(community.id):
        if resource.default_key in RETIRED_DEFAULT_KEYS:
            await uow.resources.remove(resource.id, clock.now())
            await search.unindex(uow, KIND, resource.id)


async def list_resources(uow: UnitOfWork, clock: Clock, *, chat_id: int) -> list[Resource]:
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        await _seed(uow, clock, community)
        await uow.commit()
        return await uow.resources.active(community.id)


async def add_resource(uow: UnitOfWork, clock: Clock, *, chat_id: int, telegram_user_id: int,
                       text: str) -> Resource:
    url, description = parse_resource(text)
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        if member is None or await uow.members.role(community.id, telegram_user_id) is None:
            raise NotAllowed("error.not_a_member")
        await _seed(uow, clock, community)
        added = await uow.resources.add(Resource(0, community.id, url, description), member.id, clock.now())
        if added is None:
            raise InvalidInput("resources.duplicate")
        await search.index(uow, clock.now(), document(added))
        await uow.activity.add(community.id, member.id, RESOURCE_ADDED, clock.now())
        await uow.commit()
        return added


async def remove_resource(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                          resource_id: int) -> Resource:
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        resource = await uow.resources.get(resource_id)
        if resource is None or resource.community_id != community.id:
            raise NotFound("resources.not_found")
        await uow.resources.remove(resource.id, clock.now())
        await search.unindex(uow, KIND, resource.id)
        await uow.commit()
        return resource

