using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TrainerAcademy.Data;

namespace TrainerAcademy.Migrations.SqlServer;

/// <summary>Lets `dotnet ef` build the model for SqlServer without starting the web app (and without a server).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AcademyDbContext>
{
    public AcademyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AcademyDbContext>()
            .UseAcademyDatabase(DatabaseProvider.SqlServer, "Server=(localdb)\\mssqllocaldb;Database=TrainerAcademy;Trusted_Connection=True")
            .Options);
}
