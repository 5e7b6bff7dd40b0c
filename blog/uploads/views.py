from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    send_from_directory,
)
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from blog.auth.access import author_required
from blog.extensions import csrf
from blog.uploads.forms import UploadForm
from blog.uploads.images import BadImage
from blog.uploads.storage import (
    CONTENT_TYPES,
    NotAnImage,
    is_served_name,
    save_image,
    stored_images,
    uploads_folder,
)
from blog.web.inputs import size_in_words

bp = Blueprint("uploads", __name__)

ONE_YEAR = 365 * 24 * 3600


def image_markdown(name: str, alt: str = "") -> str:
    """The Markdown that shows an uploaded image in a post."""
    # Translators: the alt text of an uploaded image the author did not describe.
    alt = alt.replace("[", "").replace("]", "").strip() or _("image")
    return f"![{alt}](/uploads/{name})"


@bp.route("/dashboard/uploads", methods=["GET", "POST"])
@csrf.exempt  # the form checks its token after the larger upload limit is set
@author_required
def manage():
    """Upload an image and get the Markdown that shows it; list earlier uploads."""
    max_bytes = current_app.config["UPLOAD_MAX_BYTES"]
    # Room for the image plus the form around it; other requests keep the smaller cap.
    request.max_content_length = max_bytes + 64 * 1024
    uploaded, status, problem = None, 200, None
    try:
        form = UploadForm()
        if form.validate_on_submit():
            uploaded = save_image(form.image.data.stream, uploads_folder(), max_bytes)
        elif request.method == "POST":
            status = 400
    except RequestEntityTooLarge:
        form = UploadForm(formdata=None)
        status, problem = 413, _("The image is larger than %(size)s.",
                                  size=size_in_words(max_bytes))
    except NotAnImage as error:
        status, problem = 415, str(error)
    except BadImage as error:
        status, problem = 422, str(error)
    except ValueError as error:
        status, problem = 413, str(error)
    if problem:
        form.image.errors = [problem]

    if request.method == "POST" and request.accept_mimetypes.best == "application/json":
        if uploaded is None:
            errors = " ".join(str(message) for field in form for message in field.errors)
            return jsonify(error=errors or _("The upload failed.")), status
        return jsonify(name=uploaded.name, markdown=image_markdown(uploaded.name, form.alt.data))
    page = render_template(
        "uploads/manage.html",
        form=form,
        uploaded=uploaded,
        images=stored_images(uploads_folder()),
        image_markdown=image_markdown,
    )
    return page, status


@bp.get("/uploads/<name>")
def serve(name: str):
    """Send an uploaded image or one of its copies, cacheable for a year (its name changes
    with its content)."""
    if not is_served_name(name):
        abort(404)
    response = send_from_directory(
        uploads_folder(),
        name,
        mimetype=CONTENT_TYPES[name.rsplit(".", 1)[1]],
        max_age=ONE_YEAR,
    )
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
