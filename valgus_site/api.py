"""The JSON API (django-ninja): OpenAPI at /api/openapi.json, interactive docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="valgus API",
    version="1",
    description=(
        "Evaluate a knee valgus self-assessment with the same rules engine as the web app. "
        "Item ids, codes, destinations and urgencies follow the clinical specification."
    ),
    urls_namespace="api",
)

from assessments.api import router as assessments_router  # noqa: E402

api.add_router("/v1/assessments/", assessments_router)
