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
    }
}
