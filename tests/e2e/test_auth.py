"""Signing up and logging in, as a new caregiver on a phone."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD


async def test_sign_up_leads_to_onboarding(page: Page, axe) -> None:
    await page.goto("/")
    await expect(page).to_have_url(re.compile(r"/login$"))
    await axe(page, "log in")
    await page.get_by_role("link", name="Create an account").click()
    await expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    await axe(page, "sign up")
    await page.get_by_label("Your name").fill("Ana M.")
    await page.get_by_label("Email").fill("ana@example.org")
    await page.get_by_label("Password").fill("short")
    await page.get_by_role("button", name="Create account").click()
    password = page.get_by_label("Password")
    await expect(password).to_have_attribute("aria-invalid", "true")
    await expect(password).to_have_accessible_description(re.compile("Use at least 10 characters"))
    await expect(page).to_have_url(re.compile(r"/signup$"))  # nothing created, still here
    await page.get_by_label("Password").fill("a long enough password")
    await page.get_by_role("button", name="Create account").click()
    await expect(page).to_have_url(re.compile(r"/welcome"))


async def test_wrong_password_is_explained_and_right_one_signs_in(page: Page, f) -> None:
    user = await f.user("Bea")
    await page.goto("/login")
    await page.get_by_label("Email").fill(user.email)
    await page.get_by_label("Password").fill("not the password")
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("alert")).to_contain_text(re.compile("do not match|incorrect|wrong", re.I))
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    # No community yet: onboarding starts.
    await expect(page).to_have_url(re.compile(r"/welcome"))


async def test_language_switch_is_instant_on_the_log_in_screen(page: Page) -> None:
    await page.goto("/login")
    await page.get_by_role("button", name="Español").click()
    await expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "es"
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", name="Log in")).to_be_visible()


async def test_a_signed_in_person_is_sent_past_the_log_in_screen(page: Page, f) -> None:
    community = await f.community()
    user = await f.member(community, "Carla")
    await sign_in(page, user, "/login")
    await expect(page).to_have_url(re.compile(r"/$"))
