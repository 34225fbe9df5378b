"""What the real-browser tests share: a context that reaches only the live
server, and logging into the admin."""

from urllib.parse import urlsplit

FACTORY_PASSWORD = "correct horse battery staple"  # tests/factories.py UserFactory


def isolated_context(chromium, site_url, outside_requests, **options):
    """A browser context (its own cookies) whose requests to any other host are
    aborted and recorded in ``outside_requests``."""
    context = chromium.new_context(
        **{"viewport": {"width": 1280, "height": 900}, "locale": "en-US", **options}
    )
    own_host = urlsplit(site_url).netloc

    def only_the_live_server(route):
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_live_server)
    context.set_default_timeout(10_000)
    return context


def log_in_to_admin(page, site_url, username, password=FACTORY_PASSWORD):
    page.goto(f"{site_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site_url}/admin/")
