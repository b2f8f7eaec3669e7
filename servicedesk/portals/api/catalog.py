"""Categories and request types (catalog items) with their form schemas.

Anyone may read them, as in the portals: each caller gets the ones they may file under (staff
all active ones, employees the employees', residents and anonymous callers the residents').
"""

from ...errors import NotFound
from ...extensions import db
from ...tickets import policy
from ...tickets.models import CatalogItem, Category, category_full_names
from . import schemas
from .auth import api_actor, api_blueprint

ANONYMOUS_READS = True

blp = api_blueprint(
    "catalog",
    url_prefix="/api/v1",
    description="The categories and request types a caller may file under, with their forms.",
    anonymous_reads=ANONYMOUS_READS,
)


def category_out(category: Category, names: dict[int, str]) -> dict:
    return {
        "id": category.id,
        "parent_id": category.parent_id,
        "name": category.name,
        "full_name": names.get(category.id, category.name),
        "description": category.description,
        "audience": category.audience.value,
    }


def item_out(item: CatalogItem) -> dict:
    return {
        "id": item.id,
        "name": item.name,
        "description": item.description,
        "audience": item.audience.value,
        "category_id": item.category_id,
        "form_schema": item.form_schema or [],
    }


@blp.get("/categories")
@blp.response(200, schemas.CategorySchema(many=True))
def categories():
    """The active categories the caller may file under, by full name."""
    names = category_full_names()
    rows = db.session.scalars(policy.visible_categories(api_actor()))
    return sorted((category_out(c, names) for c in rows), key=lambda c: c["full_name"].lower())


@blp.get("/categories/<int:category_id>")
@blp.response(200, schemas.CategorySchema)
def category(category_id: int):
    """One category the caller may file under."""
    found = (
        db.session.scalar(policy.visible_categories(api_actor()).where(Category.id == category_id))
        if category_id <= schemas.MAX_ID
        else None
    )
    if found is None:
        raise NotFound(f"There is no category {category_id} you can file under.")
    return category_out(found, category_full_names())


@blp.get("/catalog-items")
@blp.response(200, schemas.CatalogItemSchema(many=True))
def catalog_items():
    """The request types the caller may file, each with its form (`form_schema`)."""
    query = policy.visible_catalog_items(api_actor()).order_by(CatalogItem.name, CatalogItem.id)
    return [item_out(item) for item in db.session.scalars(query)]


@blp.get("/catalog-items/<int:item_id>")
@blp.response(200, schemas.CatalogItemSchema)
def catalog_item(item_id: int):
    """One request type with its form: file it with POST /api/v1/tickets and `fields`."""
    found = (
        db.session.scalar(
            policy.visible_catalog_items(api_actor()).where(CatalogItem.id == item_id)
        )
        if item_id <= schemas.MAX_ID
        else None
    )
    if found is None:
        raise NotFound(f"There is no request type {item_id} you can file.")
    return item_out(found)
