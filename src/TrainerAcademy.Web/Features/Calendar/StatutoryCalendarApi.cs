using Microsoft.AspNetCore.Http.HttpResults;
using TrainerAcademy.Auth;
using TrainerAcademy.Infrastructure;

namespace TrainerAcademy.Features.Calendar;

public static class StatutoryCalendarApi
{
    public static void MapStatutoryCalendarApi(this RouteGroupBuilder api)
    {
        var days = api.MapGroup("/calendar").WithTags("Statutory calendar");

        days.MapGet("/days", (int? year, ManageCalendar.Handler h, TimeProvider clock, CancellationToken ct) =>
                h.DaysAsync(year ?? clock.Today().Year, ct))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("The public holidays and make-up working days of a year (staff and admins)");

        days.MapPost("/days", async Task<Created<CalendarDayView>> (ManageCalendar.DayCommand command, ManageCalendar.Handler h, CancellationToken ct) =>
            {
                var day = await h.AddAsync(command, ct);
                return TypedResults.Created($"/api/calendar/days/{day.Date:yyyy-MM-dd}", day);
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Add a day; 409 when the date is already listed, 422 for a weekday make-up working day")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        days.MapPut("/days/{date}", (DateOnly date, ManageCalendar.DayCommand command, ManageCalendar.Handler h, CancellationToken ct) => h.UpdateAsync(date, command, ct))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Change the kind, name or provisional flag of a day")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        days.MapDelete("/days/{date}", async Task<NoContent> (DateOnly date, ManageCalendar.Handler h, CancellationToken ct) =>
            {
                await h.DeleteAsync(date, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Delete a day")
            .ProducesProblem(StatusCodes.Status404NotFound);

        days.MapGet("/years", (int? from, int? to, ManageCalendar.Handler h, TimeProvider clock, CancellationToken ct) =>
            {
                var first = from ?? clock.Today().Year;
                var last = to ?? first + 3;
                if (first < Domain.Scheduling.StatutoryCalendarYear.FirstYear || last > Domain.Scheduling.StatutoryCalendarYear.LastYear || last < first || last - first > 20)
                    throw new Domain.RuleViolation("calendar.year-range", "Choose at most 21 years between 2000 and 2100.", "from");
                return h.YearsAsync(first, last, ct);
            })
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Which years' holidays are published (`published`, `source`: Seed, Checked or Imported); timetables reaching into an unpublished year are provisional")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        days.MapPost("/years/{year:int}/checked", async (int year, ManageCalendar.Handler h, CancellationToken ct) =>
                TypedResults.Ok(new YearChecked(year, await h.MarkYearCheckedAsync(year, ct))))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Mark a year checked against the State Council's notice: clears the provisional flag of its days and publishes the year, telling the centers whose timetables reach into it");

        // Multipart without an antiforgery token: bearer clients have none, and the cookie is SameSite=Lax, so another
        // site's form cannot post here as a signed-in admin.
        days.MapPost("/import", async (IFormFile? file, bool? dryRun, ManageCalendar.Handler h, CancellationToken ct) =>
            {
                var ics = await ManageCalendar.ReadUploadAsync(file, ct);
                if (dryRun == true)
                {
                    var preview = await h.PreviewAsync(ics, ct);
                    return Results.Ok(new { rows = preview.Rows, errors = preview.Errors.Select(e => new { field = e.Field, code = e.Violation.Code, message = e.Violation.Message }) });
                }
                return Results.Ok(await h.ImportAsync(ics, ct));
            })
            .RequireAuthorization(Policies.Admin)
            .DisableAntiforgery()
            .WithSummary("Import an iCalendar file (multipart field `file`): every all-day event becomes days, upserted by date; 422 with the line errors and nothing stored when any line is wrong; `dryRun=true` previews")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
