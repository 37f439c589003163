"""Admin pages read as staff expect: units keep their case, categories show their names."""


def test_the_air_list_keeps_microgram_units_and_names_categories(client, staff_user):
    client.force_login(staff_user)
    page = client.get("/admin/indicators/airdailyrecord/").content.decode()
    assert "PM₂.₅ (μg/m³)" in page  # the name as printed, the unit in its own case
    assert "text-transform: none" in page  # the admin's upper-casing would print ΜG/M³
    for name in ("优", "良", "轻度污染"):
        assert f">{name}</a>" in page  # the category filter lists names, not levels 1–6
