"""The caller (``/me``), and users and teams for admins (``accounts.directory``, audited)."""

from flask.views import MethodView
from sqlalchemy import or_, select

from ...accounts import directory
from ...accounts import policy as accounts_policy
from ...accounts.models import Role, Team, User
from ...errors import NotFound, ValidationError
from ...extensions import db
from . import schemas
from .auth import api_blueprint, request_token, require_actor
from .paging import page_by_id

ANONYMOUS_READS = False
SECURITY = [{"bearerAuth": []}]

blp = api_blueprint(
    "directory",
    url_prefix="/api/v1",
    description="Who you are; users and teams (admins only).",
    anonymous_reads=ANONYMOUS_READS,
)


def user_out(user: User) -> User:
    return user


def team_out(team: Team) -> dict:
    return {
        "id": team.id,
        "name": team.name,
        "department": team.department,
        "email": team.email,
        "description": team.description,
        "members": [{"id": m.id, "name": m.name} for m in team.members],
    }


@blp.get("/me")
@blp.doc(security=SECURITY)
@blp.response(200, schemas.MeSchema)
def me():
    """The person this call acts as, and the token's scope."""
    actor = require_actor()
    token = request_token()
    return {
        "id": actor.id,
        "name": actor.name,
        "email": actor.email,
        "role": actor.role.value,
        "teams": [{"id": t.id, "name": t.name} for t in actor.teams],
        "token_scope": token.scope.value if token else None,
    }


def _admin() -> User:
    actor = require_actor()
    accounts_policy.require_manage_directory(actor)
    return actor


def _load(model, object_id: int, what: str):
    found = db.session.get(model, object_id) if object_id <= schemas.MAX_ID else None
    if found is None:
        raise NotFound(f"There is no {what} {object_id}.")
    return found


def _teams(ids: list[int] | None, field: str = "team_ids") -> list[Team] | None:
    if ids is None:
        return None
    found = list(db.session.scalars(select(Team).where(Team.id.in_(ids))))
    if len(found) != len(set(ids)):
        raise ValidationError("Unknown team.", {field: "Use ids from GET /api/v1/teams."})
    return found


@blp.route("/users")
class Users(MethodView):
    @blp.doc(security=SECURITY)
    @blp.arguments(schemas.UserListArgs, location="query", unknown=schemas.RAISE)
    @blp.response(200, schemas.UserPage)
    def get(self, args: dict):
        """Users by id, filtered by role or by part of the name or email (admins)."""
        _admin()
        query = select(User)
        if args.get("role"):
            query = query.where(User.role == Role(args["role"]))
        if args.get("q"):
            pattern = (
                "%" + args["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            query = query.where(
                or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
            )
        return page_by_id(query, User.id, args)

    @blp.doc(security=SECURITY)
    @blp.arguments(schemas.UserCreate)
    @blp.response(201, schemas.UserSchema)
    def post(self, body: dict):
        """Add a user (admins). Without a password they sign in through single sign-on."""
        actor = _admin()
        user = directory.create_user(
            actor=actor,
            email=body["email"],
            name=body["name"],
            role=body["role"],
            password=body.get("password"),
            teams=_teams(body["team_ids"]),
        )
        db.session.commit()
        return user


@blp.route("/users/<int:user_id>")
class UserItem(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, schemas.UserSchema)
    def get(self, user_id: int):
        """One user (admins)."""
        _admin()
        return _load(User, user_id, "user")

    @blp.doc(security=SECURITY)
    @blp.arguments(schemas.UserUpdate)
    @blp.response(200, schemas.UserSchema)
    def patch(self, body: dict, user_id: int):
        """Change a user's name, role, teams, active and routing settings (admins); fields
        left out keep their value."""
        actor = _admin()
        user = _load(User, user_id, "user")
        teams = _teams(body.get("team_ids"))
        directory.update_user(
            user,
            actor=actor,
            name=body.get("name", user.name),
            role=body.get("role", user.role.value),
            teams=user.teams if teams is None else teams,
            is_active=body.get("is_active", user.is_active_account),
            is_available=body.get("is_available", user.is_available),
            capacity=body.get("capacity", user.capacity),
        )
        db.session.commit()
        return user


@blp.route("/teams")
class Teams(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, schemas.TeamSchema(many=True))
    def get(self):
        """Every team with its members (admins)."""
        _admin()
        return [team_out(t) for t in db.session.scalars(select(Team).order_by(Team.name))]

    @blp.doc(security=SECURITY)
    @blp.arguments(schemas.TeamCreate)
    @blp.response(201, schemas.TeamSchema)
    def post(self, body: dict):
        """Add a team (admins)."""
        actor = _admin()
        team = directory.create_team(actor=actor, **body)
        db.session.commit()
        return team_out(team)


@blp.route("/teams/<int:team_id>")
class TeamItem(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, schemas.TeamSchema)
    def get(self, team_id: int):
        """One team with its members (admins)."""
        _admin()
        return team_out(_load(Team, team_id, "team"))

    @blp.doc(security=SECURITY)
    @blp.arguments(schemas.TeamUpdate)
    @blp.response(200, schemas.TeamSchema)
    def patch(self, body: dict, team_id: int):
        """Change a team's details or members (admins); fields left out keep their value.
        Members must be staff."""
        actor = _admin()
        team = _load(Team, team_id, "team")
        directory.update_team(
            team,
            actor=actor,
            name=body.get("name", team.name),
            department=body.get("department", team.department),
            email=body.get("email", team.email),
            description=body.get("description", team.description),
        )
        if "member_ids" in body:
            wanted = {
                u.id: u
                for u in db.session.scalars(select(User).where(User.id.in_(body["member_ids"])))
            }
            if len(wanted) != len(set(body["member_ids"])):
                raise ValidationError(
                    "Unknown user.", {"member_ids": "Use ids from GET /api/v1/users."}
                )
            for user in [m for m in team.members if m.id not in wanted]:
                directory.remove_member(team, user, actor=actor)
            for user in wanted.values():
                if user not in team.members:
                    directory.add_member(team, user, actor=actor)
        db.session.commit()
        return team_out(team)
