from django.shortcuts import render


def home(request):
    """The public home page: the agencies that publish through this site."""
    from django.apps import apps

    agencies = []
    if apps.is_installed("gongkai.agencies"):
        try:
            Agency = apps.get_model("agencies", "Agency")
            agencies = list(Agency.objects.order_by("name"))
        except LookupError:
            agencies = []
    return render(request, "portal/home.html", {"agencies": agencies})
