def staff_admin(request) -> dict:
    """``can_manage_staff`` for the menu: evaluated only when a page asks."""

    def can_manage_staff() -> bool:
        from . import auth

        user = getattr(request, "user", None)
        return bool(user) and (auth.can_create_agencies(user) or auth.managed_agencies(user).exists())

    return {"can_manage_staff": can_manage_staff}
