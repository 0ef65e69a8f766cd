"""Keyboard and small screens: what someone without a mouse, or on a 360 px phone, notices."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.factories import PASSWORD


async def test_the_skip_link_comes_first_and_jumps_to_the_content(page: Page) -> None:
    await page.goto("/login")
    await page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    await expect(skip).to_be_focused()
    await expect(skip).to_be_in_viewport()  # visible when focused
    await page.keyboard.press("Enter")
    assert await page.evaluate("document.activeElement.id") == "main"


async def test_log_in_with_the_keyboard_alone_and_see_where_focus_is(page: Page, f) -> None:
    community = await f.community()
    user = await f.member(community, "Dana")
    await page.goto("/login")
    email = page.get_by_label("Email")
    for _ in range(12):
        await page.keyboard.press("Tab")
        if await email.evaluate("el => el === document.activeElement"):
            break
    await expect(email).to_be_focused()
    outline = await email.evaluate("el => parseFloat(getComputedStyle(el).outlineWidth)")
    assert outline >= 2, "the focused field has no visible focus ring"
    await page.keyboard.type(user.email)
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Password")).to_be_focused()
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/$"))


async def test_nothing_scrolls_sideways_at_360_px(page: Page) -> None:
    for path in ("/login", "/signup"):
        await page.goto(path)
        await expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert await page.evaluate("document.documentElement.scrollWidth") <= 360, path


async def test_every_control_has_a_touch_target_of_at_least_44_px(page: Page) -> None:
    await page.goto("/signup")
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    small = await page.evaluate(
        """() => [...document.querySelectorAll('button, input, select, textarea')]
            .map(el => [el.outerHTML.slice(0, 60), el.getBoundingClientRect().height])
            .filter(([, h]) => h < 44)"""
    )
    assert small == []
