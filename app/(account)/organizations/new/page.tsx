import type { Metadata } from "next";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CreateOrganizationForm } from "@/components/organizations/create-organization-form";

export const metadata: Metadata = { title: "New organisation" };

export default function NewOrganizationPage() {
  return (
    <Card>
      <CardHeader
        title="Create an organisation"
        description="One organisation per shop or brand. You become its owner and can invite your team."
      />
      <CardBody>
        <CreateOrganizationForm />
      </CardBody>
    </Card>
  );
}
