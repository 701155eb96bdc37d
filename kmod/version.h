/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_VERSION_H
#define _NSTRACK_VERSION_H

#define NSTRACK_VERSION "0.1.0"

#endif /* _NSTRACK_VERSION_H */
