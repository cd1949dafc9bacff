"""The route/role matrix: every route of the app and what each kind of visitor gets.

tests/matrix/test_access.py checks every row; tests/matrix/test_request_hardening.py walks the same
routes with hostile input. Adding a route without a row here fails
`test_every_route_is_in_the_matrix`.
"""

ROLES = ("anonymous", "resident", "librarian", "other_librarian", "official", "coordinator")
LOGIN = "login"  # a redirect to the sign-in page

PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_IN = {"anonymous": LOGIN} | dict.fromkeys(ROLES[1:], 200)
COORDINATOR = {"anonymous": LOGIN} | dict.fromkeys(ROLES[1:-1], 403) | {"coordinator": 200}
ZONE_MANAGERS = {
    "anonymous": LOGIN,
    "resident": 403,
    "librarian": 200,
    "other_librarian": 403,
    "official": 403,
    "coordinator": 200,
}
ZONE_PEOPLE = ZONE_MANAGERS | {"official": 200}
# Pages whose object is private until published: 404 for everyone outside the zone's team.
ZONE_TEAM_ONLY = ZONE_PEOPLE | {"anonymous": 404, "resident": 404, "other_librarian": 404}

# (endpoint, method, path) -> expected status per role. Paths use {zone}, {user}, {role},
# {survey}, {code} (its short link), {token} (a response in progress), {paper} (a saved
# paper questionnaire), {report} (the zone's plan's report number), {version} (the zone's
# published plan's version) and {catalogue_action} (its first action, as a catalogue entry).
MATRIX = {
    ("zones.index", "GET", "/"): PUBLIC,
    ("zones.show", "GET", "/zones/{zone}"): PUBLIC,
    ("zones.edit", "GET", "/zones/{zone}/edit"): ZONE_MANAGERS,
    # An empty POST keeps the zone's details, so it saves and redirects.
    ("zones.edit", "POST", "/zones/{zone}/edit"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("zones.team", "GET", "/zones/{zone}/team"): ZONE_PEOPLE,
    # Invitations: a zone's librarian (officials only) or the coordinator; an empty form is
    # sent back with its errors.
    ("auth.zone_invite", "GET", "/zones/{zone}/team/invite"): ZONE_MANAGERS,
    ("auth.zone_invite", "POST", "/zones/{zone}/team/invite"): ZONE_MANAGERS,
    ("auth.accept_invitation", "GET", "/invitation/not-a-token"): dict.fromkeys(ROLES, 404),
    ("auth.accept_invitation", "POST", "/invitation/not-a-token"): dict.fromkeys(ROLES, 404),
    ("zones.privacy_index", "GET", "/privacy"): PUBLIC,
    ("zones.privacy", "GET", "/zones/{zone}/privacy"): PUBLIC,
    ("zones.edit_privacy", "GET", "/zones/{zone}/privacy/edit"): ZONE_MANAGERS,
    # An empty POST keeps the default notice, so it saves and redirects.
    ("zones.edit_privacy", "POST", "/zones/{zone}/privacy/edit"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("zones.create", "GET", "/admin/zones/new"): COORDINATOR,
    ("zones.create", "POST", "/admin/zones/new"): COORDINATOR,
    ("auth.login", "GET", "/login"): {"anonymous": 200} | dict.fromkeys(ROLES[1:], 302),
    ("auth.login", "POST", "/login"): {"anonymous": 200} | dict.fromkeys(ROLES[1:], 302),
    ("auth.logout", "POST", "/logout"): dict.fromkeys(ROLES, 302),
    # The second step of signing in: without a password just passed, back to the first.
    ("auth.login_code", "GET", "/login/code"): dict.fromkeys(ROLES, 302),
    ("auth.login_code", "POST", "/login/code"): dict.fromkeys(ROLES, 302),
    ("auth.two_factor", "GET", "/account/two-factor"): SIGNED_IN,
    ("auth.two_factor", "POST", "/account/two-factor"): SIGNED_IN,
    # Nobody in the matrix has two-factor sign-in on: nothing to turn off, to its page.
    ("auth.two_factor_off", "POST", "/account/two-factor/off"): {"anonymous": LOGIN}
    | dict.fromkeys(ROLES[1:], 302),
    ("auth.two_factor_recovery_codes", "POST", "/account/two-factor/recovery-codes"): {
        "anonymous": LOGIN
    }
    | dict.fromkeys(ROLES[1:], 302),
    ("auth.two_factor_policy", "POST", "/admin/users/two-factor"): COORDINATOR
    | {"coordinator": 302},
    ("auth.two_factor_reset", "POST", "/admin/users/{user}/two-factor/reset"): COORDINATOR
    | {"coordinator": 302},
    # The same page whoever asks (an empty form: its errors); a link that is not ours: 404.
    ("auth.forgot_password", "GET", "/password/forgot"): PUBLIC,
    ("auth.forgot_password", "POST", "/password/forgot"): PUBLIC,
    ("auth.reset_password", "GET", "/password/reset/not-a-token"): dict.fromkeys(ROLES, 404),
    ("auth.reset_password", "POST", "/password/reset/not-a-token"): dict.fromkeys(ROLES, 404),
    ("auth.account", "GET", "/account"): SIGNED_IN,
    ("auth.password", "GET", "/account/password"): SIGNED_IN,
    ("auth.password", "POST", "/account/password"): SIGNED_IN,
    # An empty form lacks the language: the account page comes back with the error.
    ("auth.email_settings", "POST", "/account/email-settings"): SIGNED_IN,
    ("auth.users", "GET", "/admin/users"): COORDINATOR,
    ("auth.user_new", "GET", "/admin/users/new"): COORDINATOR,
    ("auth.user_new", "POST", "/admin/users/new"): COORDINATOR,
    ("auth.user_edit", "GET", "/admin/users/{user}"): COORDINATOR,
    ("auth.user_edit", "POST", "/admin/users/{user}"): COORDINATOR | {"coordinator": 302},
    # A person's data (RODO): the coordinator exports it, or erases it once the person's
    # e-mail is typed (an empty form is sent back with its error).
    ("auth.user_export", "GET", "/admin/users/{user}/personal-data.json"): COORDINATOR,
    ("auth.user_erase", "GET", "/admin/users/{user}/erase"): COORDINATOR,
    ("auth.user_erase", "POST", "/admin/users/{user}/erase"): COORDINATOR,
    ("auth.role_grant", "POST", "/admin/users/{user}/roles"): COORDINATOR,
    ("auth.role_revoke", "POST", "/admin/users/{user}/roles/{role}/delete"): (
        COORDINATOR | {"coordinator": 302}
    ),
    ("surveys.short_link", "GET", "/s/{code}"): dict.fromkeys(ROLES, 302),
    ("surveys.show", "GET", "/zones/{zone}/surveys/{survey}"): PUBLIC,
    ("surveys.start", "POST", "/zones/{zone}/surveys/{survey}/start"): dict.fromkeys(ROLES, 302),
    ("surveys.answer", "GET", "/zones/{zone}/surveys/{survey}/r/{token}/0"): PUBLIC,
    # An empty page of required questions: the errors, for anyone holding the link.
    ("surveys.answer", "POST", "/zones/{zone}/surveys/{survey}/r/{token}/0"): dict.fromkeys(
        ROLES, 422
    ),
    ("surveys.done", "GET", "/zones/{zone}/surveys/{survey}/r/{token}/done"): dict.fromkeys(
        ROLES, 302
    ),
    ("surveys.manage_list", "GET", "/zones/{zone}/surveys"): ZONE_MANAGERS,
    ("surveys.manage_list", "POST", "/zones/{zone}/surveys"): ZONE_MANAGERS,
    ("surveys.manage", "GET", "/zones/{zone}/surveys/{survey}/manage"): ZONE_MANAGERS,
    ("surveys.publish", "POST", "/zones/{zone}/surveys/{survey}/open"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("surveys.close", "POST", "/zones/{zone}/surveys/{survey}/close"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("surveys.edit", "GET", "/zones/{zone}/surveys/{survey}/edit"): ZONE_MANAGERS,
    # Fields left out of the form keep their text: saving changes nothing and redirects.
    ("surveys.edit", "POST", "/zones/{zone}/surveys/{survey}/edit"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("surveys.codes", "GET", "/zones/{zone}/surveys/{survey}/codes"): ZONE_MANAGERS,
    # An empty settings form turns codes off (an unticked box): saved, redirected.
    ("surveys.codes", "POST", "/zones/{zone}/surveys/{survey}/codes"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("surveys.export", "GET", "/zones/{zone}/surveys/{survey}/export.csv"): ZONE_MANAGERS,
    ("surveys.poster", "GET", "/zones/{zone}/surveys/{survey}/poster"): ZONE_MANAGERS,
    ("surveys.paper", "GET", "/zones/{zone}/surveys/{survey}/paper"): ZONE_MANAGERS,
    # An empty questionnaire has nothing to save: the form again, with the error.
    ("surveys.paper", "POST", "/zones/{zone}/surveys/{survey}/paper"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    # A saved paper questionnaire: correct it (an empty correction is refused), withdraw it.
    ("surveys.paper_correct", "GET", "/zones/{zone}/surveys/{survey}/paper/{paper}"): (
        ZONE_MANAGERS
    ),
    ("surveys.paper_correct", "POST", "/zones/{zone}/surveys/{survey}/paper/{paper}"): (
        ZONE_MANAGERS | {"librarian": 422, "coordinator": 422}
    ),
    (
        "surveys.paper_withdraw",
        "POST",
        "/zones/{zone}/surveys/{survey}/paper/{paper}/withdraw",
    ): ZONE_MANAGERS | {"librarian": 302, "coordinator": 302},
    ("api.surveys", "GET", "/api/v1/zones/{zone}/surveys"): PUBLIC,
    # Open to anyone; a form post instead of JSON is refused as such.
    ("api.submit", "POST", "/api/v1/zones/{zone}/surveys/{survey}/responses"): dict.fromkeys(
        ROLES, 415
    ),
    # Results that are not public: the zone's people and the coordinator, as on the dashboard
    # (anonymous readers get 401 instead of the sign-in page).
    ("api.results", "GET", "/api/v1/zones/{zone}/surveys/{survey}/results"): ZONE_PEOPLE
    | {"anonymous": 401},
    # Results that are not public: the zone's people and the coordinator.
    ("dashboards.results", "GET", "/zones/{zone}/surveys/{survey}/results"): ZONE_PEOPLE,
    ("dashboards.question_csv", "GET", "/zones/{zone}/surveys/{survey}/results/wiek.csv"): (
        ZONE_PEOPLE
    ),
    ("dashboards.report", "GET", "/zones/{zone}/surveys/{survey}/report"): ZONE_PEOPLE,
    # What residents will see, and the button that makes results public (or private again).
    ("dashboards.publish_confirm", "GET", "/zones/{zone}/surveys/{survey}/results/public"): (
        ZONE_MANAGERS
    ),
    ("dashboards.publish_results", "POST", "/zones/{zone}/surveys/{survey}/results/public"): (
        ZONE_MANAGERS | {"librarian": 302, "coordinator": 302}
    ),
    ("dashboards.plotly", "GET", "/assets/plotly-strefy-4.1.1.min.js"): PUBLIC,
    ("dashboards.findings", "GET", "/zones/{zone}/surveys/{survey}/findings"): ZONE_MANAGERS,
    # An empty finding is refused: the form again, with its errors.
    ("dashboards.findings", "POST", "/zones/{zone}/surveys/{survey}/findings"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("dashboards.finding_edit", "GET", "/zones/{zone}/surveys/{survey}/findings/{finding}/edit"): (
        ZONE_MANAGERS
    ),
    ("dashboards.finding_edit", "POST", "/zones/{zone}/surveys/{survey}/findings/{finding}/edit"): (
        ZONE_MANAGERS | {"librarian": 422, "coordinator": 422}
    ),
    (
        "dashboards.finding_delete",
        "POST",
        "/zones/{zone}/surveys/{survey}/findings/{finding}/delete",
    ): ZONE_MANAGERS | {"librarian": 302, "coordinator": 302},
    # No direction (up or down) given: a bad request, for those who may move findings.
    (
        "dashboards.finding_move",
        "POST",
        "/zones/{zone}/surveys/{survey}/findings/{finding}/move",
    ): ZONE_MANAGERS | {"librarian": 400, "coordinator": 400},
    # Officials read the texts librarians shared; residents never, even with public results.
    ("dashboards.texts", "GET", "/zones/{zone}/surveys/{survey}/results/texts"): ZONE_PEOPLE,
    # Nothing ticked and nothing shown: nothing changes, back to the page.
    ("dashboards.texts_mark", "POST", "/zones/{zone}/surveys/{survey}/results/texts"): (
        ZONE_MANAGERS | {"librarian": 302, "coordinator": 302}
    ),
    # Anyone with a role in some zone, and the coordinator; zones' figures as each may see.
    ("dashboards.network_index", "GET", "/network/results"): SIGNED_IN | {"resident": 403},
    ("dashboards.network", "GET", "/network/results/proba"): SIGNED_IN | {"resident": 403},
    ("audit.log", "GET", "/admin/audit"): COORDINATOR,
    # Creative Cafés: planning and paper cards for the zone's librarians.
    ("cafes.manage_list", "GET", "/zones/{zone}/cafes"): ZONE_MANAGERS,
    ("cafes.create", "GET", "/zones/{zone}/cafes/new"): ZONE_MANAGERS,
    # An empty café form misses its title, date and questions: the form again, with errors.
    ("cafes.create", "POST", "/zones/{zone}/cafes/new"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("cafes.edit", "GET", "/zones/{zone}/cafes/{cafe}/edit"): ZONE_MANAGERS,
    ("cafes.edit", "POST", "/zones/{zone}/cafes/{cafe}/edit"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("cafes.show", "GET", "/zones/{zone}/cafes/{cafe}"): PUBLIC,
    ("cafes.short_link", "GET", "/c/{cafe_code}"): dict.fromkeys(ROLES, 302),
    ("cafes.poster", "GET", "/zones/{zone}/cafes/{cafe}/poster"): ZONE_MANAGERS,
    ("cafes.cards", "GET", "/zones/{zone}/cafes/{cafe}/cards"): ZONE_MANAGERS,
    # An empty card is refused: the form again, with its error.
    ("cafes.cards", "POST", "/zones/{zone}/cafes/{cafe}/cards"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("cafes.export", "GET", "/zones/{zone}/cafes/{cafe}/ideas.csv"): ZONE_MANAGERS,
    # Boards: residents need no account.
    ("cafes.board", "GET", "/zones/{zone}/boards/{board}"): PUBLIC,
    # An idea without a title: the board again, with the error and the input kept.
    ("cafes.post_idea", "POST", "/zones/{zone}/boards/{board}/ideas"): dict.fromkeys(ROLES, 422),
    # Nothing posted in this session: back to the board.
    ("cafes.posted", "GET", "/zones/{zone}/boards/{board}/posted"): dict.fromkeys(ROLES, 302),
    ("cafes.similar", "GET", "/zones/{zone}/boards/{board}/similar"): PUBLIC,
    ("cafes.forget_mine", "POST", "/zones/{zone}/boards/{board}/mine/forget"): dict.fromkeys(
        ROLES, 303
    ),
    ("cafes.follow", "GET", "/i/{follow}"): PUBLIC,
    # The author's confirmation, then the withdrawal, back to the private link.
    ("cafes.withdraw", "GET", "/i/{follow}/withdraw"): PUBLIC,
    ("cafes.withdraw", "POST", "/i/{follow}/withdraw"): dict.fromkeys(ROLES, 302),
    ("cafes.idea", "GET", "/zones/{zone}/ideas/{idea}"): PUBLIC,
    ("cafes.support", "POST", "/zones/{zone}/ideas/{idea}/support"): dict.fromkeys(ROLES, 303),
    ("cafes.report", "GET", "/zones/{zone}/ideas/{idea}/report"): PUBLIC,
    # No reason chosen: the form again, with its error.
    ("cafes.report", "POST", "/zones/{zone}/ideas/{idea}/report"): dict.fromkeys(ROLES, 422),
    # Moderation: the zone's librarians and the coordinator.
    ("cafes.queue", "GET", "/zones/{zone}/moderation"): ZONE_MANAGERS,
    # No action chosen: the queue again, with the error.
    ("cafes.bulk", "POST", "/zones/{zone}/moderation/bulk"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    # No status chosen: a bad request.
    ("cafes.change_status", "POST", "/zones/{zone}/ideas/{idea}/status"): ZONE_MANAGERS
    | {"librarian": 400, "coordinator": 400},
    ("cafes.moderate", "GET", "/zones/{zone}/ideas/{idea}/moderate"): ZONE_MANAGERS,
    # An empty edit form: a title is required.
    ("cafes.moderate", "POST", "/zones/{zone}/ideas/{idea}/moderate"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("cafes.merge", "GET", "/zones/{zone}/ideas/{idea}/merge"): ZONE_MANAGERS,
    # The live personal-data warning: no text sent, nothing found.
    ("cafes.personal_data_check", "POST", "/zones/{zone}/moderation/personal-data"): (
        ZONE_MANAGERS
    ),
    # No idea to merge into chosen.
    ("cafes.merge", "POST", "/zones/{zone}/ideas/{idea}/merge"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    # Progress reports: the zone's team reads them all; residents only the submitted ones
    # of a published plan (the draft report of a draft plan here: not there for them).
    # The zone's plan is published: its reports' list is public (drafts are not in it).
    ("plans.reports", "GET", "/zones/{zone}/plan/reports"): PUBLIC,
    ("plans.report_new", "GET", "/zones/{zone}/plan/reports/new"): ZONE_MANAGERS,
    # An empty form: the period is required.
    ("plans.report_new", "POST", "/zones/{zone}/plan/reports/new"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("plans.report", "GET", "/zones/{zone}/plan/reports/{report}"): ZONE_TEAM_ONLY,
    ("plans.report_edit", "GET", "/zones/{zone}/plan/reports/{report}/edit"): ZONE_MANAGERS,
    # Every word is optional while writing: saved, back to the report.
    ("plans.report_edit", "POST", "/zones/{zone}/plan/reports/{report}/edit"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    # Nothing written yet (indicators unexplained, no statements): the problems, 422.
    ("plans.report_submit", "POST", "/zones/{zone}/plan/reports/{report}/submit"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    # A draft is not for review yet: back to the report with the message.
    ("plans.report_accept", "POST", "/zones/{zone}/plan/reports/{report}/accept"): COORDINATOR
    | {"coordinator": 302},
    ("plans.report_return", "POST", "/zones/{zone}/plan/reports/{report}/return"): COORDINATOR
    | {"coordinator": 302},
    ("plans.report_print", "GET", "/zones/{zone}/plan/reports/{report}/print"): ZONE_PEOPLE,
    ("plans.report_xlsx", "GET", "/zones/{zone}/plan/reports/{report}/part-2.xlsx"): ZONE_PEOPLE,
    # Ideas into the plan: the zone's managers. No choice sent: a bad request.
    ("plans.choose_idea", "GET", "/zones/{zone}/plan/ideas/{idea}/choose"): ZONE_MANAGERS,
    ("plans.choose_idea", "POST", "/zones/{zone}/plan/ideas/{idea}/choose"): ZONE_MANAGERS
    | {"librarian": 400, "coordinator": 400},
    # The published plan's versions: everyone ({version} is its version 1).
    ("plans.versions", "GET", "/zones/{zone}/plan/versions"): PUBLIC,
    ("plans.version", "GET", "/zones/{zone}/plan/versions/{version}"): PUBLIC,
    ("plans.compare", "GET", "/zones/{zone}/plan/versions/compare"): PUBLIC,
    # The zone's development plan (route_objects: a published plan with action 1).
    ("plans.show", "GET", "/zones/{zone}/plan"): PUBLIC,
    # The zone has a plan already: back to it.
    ("plans.create", "POST", "/zones/{zone}/plan/new"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("plans.edit", "GET", "/zones/{zone}/plan/edit"): ZONE_MANAGERS,
    # An empty form misses the title and the years: the form again, with errors.
    ("plans.edit", "POST", "/zones/{zone}/plan/edit"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    # Published already: back to the plan.
    ("plans.publish", "POST", "/zones/{zone}/plan/publish"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("plans.goal_new", "GET", "/zones/{zone}/plan/goals/new"): ZONE_MANAGERS,
    ("plans.goal_new", "POST", "/zones/{zone}/plan/goals/new"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("plans.goal_edit", "GET", "/zones/{zone}/plan/goals/{plan_goal}/edit"): ZONE_MANAGERS,
    # A field left out keeps its value (the checkboxes: none ticked), so it saves.
    ("plans.goal_edit", "POST", "/zones/{zone}/plan/goals/{plan_goal}/edit"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("plans.goal_delete", "POST", "/zones/{zone}/plan/goals/{plan_goal}/delete"): ZONE_MANAGERS
    | {"librarian": 302, "coordinator": 302},
    ("plans.partners", "GET", "/zones/{zone}/plan/partners"): ZONE_PEOPLE,
    ("plans.partner_new", "POST", "/zones/{zone}/plan/partners"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("plans.partner_edit", "GET", "/zones/{zone}/plan/partners/{plan_partner}/edit"): (
        ZONE_MANAGERS
    ),
    # Fields left out keep their values: saved.
    ("plans.partner_edit", "POST", "/zones/{zone}/plan/partners/{plan_partner}/edit"): (
        ZONE_MANAGERS | {"librarian": 302, "coordinator": 302}
    ),
    # The partner owns no action: deleted.
    ("plans.partner_delete", "POST", "/zones/{zone}/plan/partners/{plan_partner}/delete"): (
        ZONE_MANAGERS | {"librarian": 302, "coordinator": 302}
    ),
    ("plans.action", "GET", "/zones/{zone}/plan/actions/1"): PUBLIC,
    ("plans.action_new", "GET", "/zones/{zone}/plan/actions/new"): ZONE_MANAGERS,
    ("plans.action_new", "POST", "/zones/{zone}/plan/actions/new"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("plans.action_edit", "GET", "/zones/{zone}/plan/actions/1/edit"): ZONE_MANAGERS,
    ("plans.action_edit", "POST", "/zones/{zone}/plan/actions/1/edit"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    # No status chosen: the action's page again, with the error.
    ("plans.action_status", "POST", "/zones/{zone}/plan/actions/1/status"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("plans.milestone_new", "GET", "/zones/{zone}/plan/actions/1/milestones/new"): ZONE_MANAGERS,
    ("plans.milestone_new", "POST", "/zones/{zone}/plan/actions/1/milestones/new"): (
        ZONE_MANAGERS | {"librarian": 422, "coordinator": 422}
    ),
    (
        "plans.milestone_edit",
        "GET",
        "/zones/{zone}/plan/actions/1/milestones/{plan_milestone}/edit",
    ): ZONE_MANAGERS,
    (
        "plans.milestone_edit",
        "POST",
        "/zones/{zone}/plan/actions/1/milestones/{plan_milestone}/edit",
    ): ZONE_MANAGERS | {"librarian": 302, "coordinator": 302},  # fields left out are kept
    (
        "plans.milestone_reached",
        "POST",
        "/zones/{zone}/plan/actions/1/milestones/{plan_milestone}/reached",
    ): ZONE_MANAGERS | {"librarian": 302, "coordinator": 302},
    (
        "plans.milestone_delete",
        "POST",
        "/zones/{zone}/plan/actions/1/milestones/{plan_milestone}/delete",
    ): ZONE_MANAGERS | {"librarian": 302, "coordinator": 302},
    ("plans.indicator_new", "GET", "/zones/{zone}/plan/actions/1/indicators/new"): ZONE_MANAGERS,
    ("plans.indicator_new", "POST", "/zones/{zone}/plan/actions/1/indicators/new"): (
        ZONE_MANAGERS | {"librarian": 422, "coordinator": 422}
    ),
    (
        "plans.indicator_edit",
        "GET",
        "/zones/{zone}/plan/actions/1/indicators/{plan_indicator}/edit",
    ): ZONE_MANAGERS,
    (
        "plans.indicator_edit",
        "POST",
        "/zones/{zone}/plan/actions/1/indicators/{plan_indicator}/edit",
    ): ZONE_MANAGERS | {"librarian": 422, "coordinator": 422},
    (
        "plans.indicator_delete",
        "POST",
        "/zones/{zone}/plan/actions/1/indicators/{plan_indicator}/delete",
    ): ZONE_MANAGERS | {"librarian": 302, "coordinator": 302},
    # The plan's money: the zone team reads, its librarians and the coordinator change it.
    ("plans.grant", "GET", "/zones/{zone}/plan/grant"): ZONE_MANAGERS,
    # An empty grant form misses its funder and amount: the form again, with errors.
    ("plans.grant", "POST", "/zones/{zone}/plan/grant"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("plans.budget", "GET", "/zones/{zone}/plan/budget"): ZONE_PEOPLE,
    ("plans.line_new", "GET", "/zones/{zone}/plan/budget/lines/new"): ZONE_MANAGERS,
    ("plans.line_new", "POST", "/zones/{zone}/plan/budget/lines/new"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("plans.line_edit", "GET", "/zones/{zone}/plan/budget/lines/{line}"): ZONE_MANAGERS,
    ("plans.line_edit", "POST", "/zones/{zone}/plan/budget/lines/{line}"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    # The line has an expense: kept, with a message, back to the budget.
    ("plans.line_delete", "POST", "/zones/{zone}/plan/budget/lines/{line}/delete"): (
        ZONE_MANAGERS | {"librarian": 302, "coordinator": 302}
    ),
    ("plans.expenses", "GET", "/zones/{zone}/plan/expenses"): ZONE_PEOPLE,
    ("plans.expense_add", "POST", "/zones/{zone}/plan/expenses"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    ("plans.expense_delete", "POST", "/zones/{zone}/plan/expenses/{expense}/delete"): (
        ZONE_MANAGERS | {"librarian": 302, "coordinator": 302}
    ),
    ("plans.contributions", "GET", "/zones/{zone}/plan/contributions"): ZONE_PEOPLE,
    ("plans.contribution_add", "POST", "/zones/{zone}/plan/contributions"): ZONE_MANAGERS
    | {"librarian": 422, "coordinator": 422},
    (
        "plans.contribution_delete",
        "POST",
        "/zones/{zone}/plan/contributions/{contribution}/delete",
    ): ZONE_MANAGERS | {"librarian": 302, "coordinator": 302},
    ("plans.attachment", "GET", "/zones/{zone}/plan/attachments/{attachment}"): ZONE_PEOPLE,
    (
        "plans.milestone_photo",
        "GET",
        "/zones/{zone}/plan/actions/{action_number}/milestones/{milestone}/photo",
    ): ZONE_MANAGERS,
    # No file sent: the form again, with its error.
    (
        "plans.milestone_photo",
        "POST",
        "/zones/{zone}/plan/actions/{action_number}/milestones/{milestone}/photo",
    ): ZONE_MANAGERS | {"librarian": 422, "coordinator": 422},
    ("api.ideas", "GET", "/api/v1/zones/{zone}/ideas"): PUBLIC,
    # The zone's published plan (route_objects publishes one) and its reports.
    ("api.plan", "GET", "/api/v1/zones/{zone}/plan"): PUBLIC,
    ("api.reports", "GET", "/api/v1/zones/{zone}/reports"): PUBLIC,
    # The open-data entry points: the zones, the document and its reference page.
    ("api.zones", "GET", "/api/v1/zones"): PUBLIC,
    ("api.zone", "GET", "/api/v1/zones/{zone}"): PUBLIC,
    ("api.openapi", "GET", "/api/v1/openapi.json"): PUBLIC,
    ("api.reference", "GET", "/api/v1/docs"): PUBLIC,
    # The catalogue: its search, and route_objects' published plan's action 1 as an entry.
    ("api.catalogue", "GET", "/api/v1/catalogue"): PUBLIC,
    ("api.catalogue_entry", "GET", "/api/v1/catalogue/action/{catalogue_action}"): PUBLIC,
    ("main.language", "GET", "/language/en"): dict.fromkeys(ROLES, 302),
    # The landing page after signing in: anyone signed in (a resident's is empty).
    ("main.work", "GET", "/work"): SIGNED_IN,
    # The programme: the coordinator's, and officials' (read-only, their zones).
    ("main.programme", "GET", "/network/programme"): COORDINATOR | {"official": 200},
    ("main.programme_export", "GET", "/network/programme.csv"): COORDINATOR | {"official": 200},
    ("ops.healthz", "GET", "/healthz"): PUBLIC,
    ("ops.readyz", "GET", "/readyz"): PUBLIC,
    ("main.favicon", "GET", "/favicon.ico"): PUBLIC,
    ("static", "GET", "/static/css/app.css"): PUBLIC,
    ("plans.thread", "GET", "/zones/{zone}/plan/thread"): PUBLIC,
    # Adoption: the entry is the zone's own action, so its only librarian has nowhere to
    # adopt it (403); another zone's librarian (no café or plan there) gets the form, and an
    # empty one back with errors; so does the coordinator (Sopot is the only other zone).
    ("catalogue.adopt", "GET", "/catalogue/action/{catalogue_action}/adopt"): ZONE_MANAGERS
    | {"librarian": 403, "other_librarian": 200},
    ("catalogue.adopt", "POST", "/catalogue/action/{catalogue_action}/adopt"): ZONE_MANAGERS
    | {"librarian": 403, "other_librarian": 422, "coordinator": 422},
    # Any zone's librarian records a partner library's uptake (its own zone's entries too).
    ("catalogue.uptake_new", "GET", "/catalogue/action/{catalogue_action}/uptake"): (
        ZONE_MANAGERS | {"other_librarian": 200}
    ),
    ("catalogue.uptake_new", "POST", "/catalogue/action/{catalogue_action}/uptake"): (
        ZONE_MANAGERS | {"librarian": 422, "other_librarian": 422, "coordinator": 422}
    ),
    ("catalogue.zone_uptake", "GET", "/zones/{zone}/catalogue"): ZONE_PEOPLE,
    ("catalogue.uptake", "GET", "/catalogue/uptake"): COORDINATOR,
    ("catalogue.uptake_csv", "GET", "/catalogue/uptake.csv"): COORDINATOR,
    # The network's catalogue: route_objects' published plan's action 1 is an entry.
    ("catalogue.index", "GET", "/catalogue"): PUBLIC,
    ("catalogue.entry", "GET", "/catalogue/action/{catalogue_action}"): PUBLIC,
    # No theme ticked: the entry's themes are cleared, and back to the entry.
    ("catalogue.entry_themes", "POST", "/catalogue/action/{catalogue_action}/themes"): (
        ZONE_MANAGERS | {"librarian": 302, "coordinator": 302}
    ),
}
