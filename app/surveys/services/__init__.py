"""Survey rules, by part (each module says what it holds); this package exports the public
names, so that callers import them from `app.surveys.services`.

- lifecycle: templates, a zone's surveys, opening and closing, counts;
- responses: residents answering on the web, section by section;
- submissions: the access rule and responses stored in one go (API, kiosks, paper);
- paper: correcting and withdrawing typed-in paper questionnaires;
- wording: rewording a survey;
- codes: single-use access codes.
"""

from app.surveys.services.codes import (
    CODE_ALPHABET,
    MAX_CODES_AT_ONCE,
    code_of,
    generate_codes,
    normalise_code,
    survey_codes,
    unused_code,
    use_code,
)
from app.surveys.services.lifecycle import (
    Burst,
    available_templates,
    close_survey,
    create_survey,
    get_zone_survey,
    open_survey,
    open_surveys,
    response_bursts,
    response_counts,
    survey_by_code,
    template_file,
    templates_dir,
    zone_surveys,
)
from app.surveys.services.paper import (
    correct_paper_response,
    paper_response,
    withdraw_paper_response,
)
from app.surveys.services.responses import (
    complete_response,
    device_response,
    get_response,
    missing_answers,
    next_step,
    previous_step,
    response_address,
    save_section,
    start_response,
)
from app.surveys.services.submissions import (
    Stored,
    Submission,
    SubmissionError,
    TooManyResponsesError,
    admit,
    answer_rows,
    check_all,
    prepare_submission,
    replayed,
    responses_from,
    store_answers,
    store_submission,
    submission_digest,
    submit_response,
)
from app.surveys.services.wording import reword, text_slots

__all__ = [
    "CODE_ALPHABET",
    "MAX_CODES_AT_ONCE",
    "Burst",
    "Stored",
    "Submission",
    "SubmissionError",
    "TooManyResponsesError",
    "admit",
    "answer_rows",
    "available_templates",
    "check_all",
    "close_survey",
    "code_of",
    "complete_response",
    "correct_paper_response",
    "create_survey",
    "device_response",
    "generate_codes",
    "get_response",
    "get_zone_survey",
    "missing_answers",
    "next_step",
    "normalise_code",
    "open_survey",
    "open_surveys",
    "paper_response",
    "prepare_submission",
    "previous_step",
    "replayed",
    "response_address",
    "response_bursts",
    "response_counts",
    "responses_from",
    "reword",
    "save_section",
    "start_response",
    "store_answers",
    "store_submission",
    "submission_digest",
    "submit_response",
    "survey_by_code",
    "survey_codes",
    "template_file",
    "templates_dir",
    "text_slots",
    "unused_code",
    "use_code",
    "withdraw_paper_response",
    "zone_surveys",
]
