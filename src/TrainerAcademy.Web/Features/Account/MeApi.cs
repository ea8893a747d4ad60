namespace TrainerAcademy.Features.Account;

public static class MeApi
{
    public static void MapMeApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Account").RequireAuthorization();
        me.MapGet("", (Profile.Handler h, CancellationToken ct) => h.GetAsync(ct))
            .WithSummary("The signed-in account, its roles and real-name profile");
        me.MapPut("/profile", (Profile.Command command, Profile.Handler h, CancellationToken ct) => h.SaveAsync(command, ct))
            .WithSummary("Save the real-name profile; the resident ID number's check digit is verified")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        me.MapGet("/data", async (MyData.Handler h, HttpContext http, CancellationToken ct) =>
            {
                var export = await h.ExportAsync(ct);
                http.Response.Headers.ContentDisposition = "attachment; filename=\"my-data.json\"";
                return TypedResults.Ok(export);
            })
            .WithSummary("Everything held about the signed-in person, as one JSON document to download");
    }
}
