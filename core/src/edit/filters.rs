//! Security groups (R3.x) and network ACLs (R4.x).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::ids::next_id;
use super::network::{allow_all_egress, subnet, vpc};
use super::{in_use, not_found, refuse, Applied};
use crate::error::Error;
use crate::model::*;

fn sg<'a>(t: &'a mut Topology, id: &str) -> Result<&'a mut SecurityGroup, Error> {
    t.security_groups.iter_mut().find(|g| g.group_id == id).ok_or_else(|| not_found(id, "GroupId"))
}

fn acl<'a>(t: &'a mut Topology, id: &str) -> Result<&'a mut NetworkAcl, Error> {
    t.network_acls.iter_mut().find(|a| a.network_acl_id == id).ok_or_else(|| not_found(id, "NetworkAclId"))
}

pub(super) fn create_sg(t: &mut Topology, vpc_id: &str, name: &str) -> Result<Applied, Error> {
    vpc(t, vpc_id)?;
    // R3.3: `default` is the name of the VPC's default SG; names are unique per VPC.
    if name == "default" || t.security_groups.iter().any(|g| g.vpc_id == vpc_id && g.group_name == name) {
        return Err(refuse(
            vpc_id,
            "GroupName",
            "InvalidGroup.Duplicate",
            format!("{vpc_id} already has a group named {name}"),
        ));
    }
    let id = next_id(t, "sg");
    // R3.2: no inbound rules, one allow-all outbound rule.
    t.security_groups.push(SecurityGroup {
        group_id: id.clone(),
        group_name: String::from(name),
        vpc_id: String::from(vpc_id),
        owner_id: String::new(),
        ip_permissions: Vec::new(),
        ip_permissions_egress: vec![allow_all_egress()],
    });
    Ok(Applied::created(vec![id]))
}

pub(super) fn delete_sg(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    // R3.3: the default SG cannot be deleted (Client.CannotDelete).
    if sg(t, id)?.is_default() {
        return Err(refuse(id, "GroupId", "R3.3", format!("{id} is a default security group")));
    }
    if let Some(e) = t.network_interfaces.iter().find(|e| e.groups.iter().any(|g| g == id)) {
        return Err(in_use(id, "GroupId", "DependencyViolation", &e.network_interface_id));
    }
    let referenced_by = t.security_groups.iter().find(|g| {
        g.group_id != id
            && g.ip_permissions
                .iter()
                .chain(g.ip_permissions_egress.iter())
                .any(|r| r.peer == RulePeer::ReferencedGroupId(String::from(id)))
    });
    if let Some(g) = referenced_by {
        return Err(in_use(id, "GroupId", "DependencyViolation", &g.group_id));
    }
    t.security_groups.retain(|g| g.group_id != id);
    Ok(Applied::default())
}

/// Whether two rules are the same permission (ids and descriptions aside).
fn same(a: &SecurityGroupRule, b: &SecurityGroupRule) -> bool {
    (a.ip_protocol, a.from_port, a.to_port, &a.peer) == (b.ip_protocol, b.from_port, b.to_port, &b.peer)
}

pub(super) fn authorize(t: &mut Topology, id: &str, rule: &SecurityGroupRule, egress: bool) -> Result<Applied, Error> {
    let field = if egress { "IpPermissionsEgress" } else { "IpPermissions" };
    if let RulePeer::ReferencedGroupId(g) = &rule.peer {
        let owner_vpc = sg(t, id)?.vpc_id.clone();
        match t.security_groups.iter().find(|x| &x.group_id == g) {
            None => return Err(refuse(id, field, "R3.7", format!("the referenced group {g} does not exist"))),
            // The API refuses a reference it could not honour (R3.7, R7.8); imports may still carry stale ones.
            Some(x) if !t.sg_reference_usable(&owner_vpc, &x.vpc_id) => {
                return Err(refuse(
                    id,
                    field,
                    "R7.8",
                    format!("{g} is in {}: only groups of this VPC or of an active same-Region peer", x.vpc_id),
                ))
            }
            Some(_) => {}
        }
    }
    let g = sg(t, id)?;
    let rules = if egress { &mut g.ip_permissions_egress } else { &mut g.ip_permissions };
    if rules.iter().any(|r| same(r, rule)) {
        return Err(refuse(id, field, "InvalidPermission.Duplicate", String::from("the rule already exists")));
    }
    // R3.11 (60 rules per direction and family) is the validator's SG_RULE_QUOTA.
    rules.push(rule.clone());
    Ok(Applied::default())
}

pub(super) fn revoke(t: &mut Topology, id: &str, rule: &SecurityGroupRule, egress: bool) -> Result<Applied, Error> {
    let field = if egress { "IpPermissionsEgress" } else { "IpPermissions" };
    let g = sg(t, id)?;
    let rules = if egress { &mut g.ip_permissions_egress } else { &mut g.ip_permissions };
    let before = rules.len();
    rules.retain(|r| !same(r, rule));
    if rules.len() == before {
        return Err(refuse(id, field, "InvalidPermission.NotFound", String::from("no such rule")));
    }
    Ok(Applied::default())
}

pub(super) fn create_acl(t: &mut Topology, vpc_id: &str, name: &Option<String>) -> Result<Applied, Error> {
    vpc(t, vpc_id)?;
    let id = next_id(t, "acl");
    // R4.4: a custom NACL has no rules: only the `*` denies, so it denies everything.
    t.network_acls.push(NetworkAcl {
        network_acl_id: id.clone(),
        name: name.clone(),
        vpc_id: String::from(vpc_id),
        is_default: false,
        associations: Vec::new(),
        entries: Vec::new(),
    });
    Ok(Applied::created(vec![id]))
}

pub(super) fn delete_acl(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let a = acl(t, id)?;
    // R4.5: the default NACL cannot be deleted, nor a NACL in use.
    if a.is_default {
        return Err(refuse(id, "NetworkAclId", "R4.5", format!("{id} is the default network ACL")));
    }
    if let Some(s) = a.associations.first() {
        return Err(in_use(id, "Associations", "R4.5", s));
    }
    t.network_acls.retain(|a| a.network_acl_id != id);
    Ok(Applied::default())
}

pub(super) fn put_entry(t: &mut Topology, id: &str, entry: &NetworkAclEntry, replace: bool) -> Result<Applied, Error> {
    let mut entry = entry.clone();
    entry.cidr_block = entry.cidr_block.trunc(); // R1.4: canonical form
    let a = acl(t, id)?;
    let pos = a.entries.iter().position(|e| e.egress == entry.egress && e.rule_number == entry.rule_number);
    match (pos.and_then(|p| a.entries.get_mut(p)), replace) {
        // R4.2: rule numbers are unique per direction.
        (Some(_), false) => Err(refuse(
            id,
            "RuleNumber",
            "R4.2",
            format!("rule {} already exists in this direction", entry.rule_number),
        )),
        (None, true) => Err(refuse(id, "RuleNumber", "NotFound", format!("no rule {} to replace", entry.rule_number))),
        (Some(e), true) => {
            *e = entry;
            Ok(Applied::default())
        }
        (None, false) => {
            // R4.2 range and R4.12 quota are the validator's (NACL_RULE_NUMBER, NACL_RULE_QUOTA).
            a.entries.push(entry);
            Ok(Applied::default())
        }
    }
}

pub(super) fn delete_entry(t: &mut Topology, id: &str, egress: bool, number: u16) -> Result<Applied, Error> {
    let a = acl(t, id)?;
    let before = a.entries.len();
    a.entries.retain(|e| !(e.egress == egress && e.rule_number == number));
    if a.entries.len() == before {
        // R4.2: the `*` rule (32767) cannot be removed; any other absent number is simply not there.
        let rule = if number >= 32767 { "R4.2" } else { "NotFound" };
        return Err(refuse(id, "RuleNumber", rule, format!("no removable rule {number} in this direction")));
    }
    Ok(Applied::default())
}

pub(super) fn replace_acl_association(t: &mut Topology, subnet_id: &str, id: &str) -> Result<Applied, Error> {
    let s_vpc = subnet(t, subnet_id)?.vpc_id.clone();
    let a = acl(t, id)?;
    if a.vpc_id != s_vpc {
        return Err(refuse(id, "SubnetId", "R4.5", format!("{subnet_id} is in {s_vpc}, {id} in {}", a.vpc_id)));
    }
    // R4.5: exactly one NACL per subnet; the default one needs no explicit association.
    for x in t.network_acls.iter_mut() {
        x.associations.retain(|s| s != subnet_id);
    }
    let a = acl(t, id)?;
    if !a.is_default {
        a.associations.push(String::from(subnet_id));
    }
    Ok(Applied::default())
}
