using Microsoft.Extensions.Localization;
using TrainerAcademy.Auth;
using TrainerAcademy.Data;

namespace TrainerAcademy.Features.Reports;

public sealed class StaffReportsModel(ReportScope scope, ReportDashboard dashboard, AcademyDbContext db, CenterAccess access, IStringLocalizer<SharedResource> L)
    : ReportsPage(scope, dashboard, db, access, L)
{
    public override string Path => "/staff/reports";
}
